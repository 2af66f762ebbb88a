import click

from ... import APP


@APP.cli.command("runserver")
@click.argument("port", type=int, required=False, default=5000)
def runserver(port):
    APP.run(port=port)
