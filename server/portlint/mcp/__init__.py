"""`portlint mcp`: the report as Model Context Protocol tools, for coding agents (issue 15).

An agent asks here which port the project wants, who holds it, whether that holder is ours, which free port
to switch to and what to edit, instead of killing whatever listens. `answers` shapes the one report for each
tool, `switch` plans a "Switch to free port N", `edits` applies one inside the workspace, `cors` runs the
loopback probe, and `server` (the only module that imports the MCP SDK) serves them over stdio.
"""
