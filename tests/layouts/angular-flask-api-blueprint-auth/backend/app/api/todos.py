from flask import g, jsonify, request

from . import api

TODOS = []


@api.route('/todos/', methods=['GET', 'POST'])
def todos():
    if request.method == 'POST':
        TODOS.append({'owner': g.current_user, **request.get_json()})
        return jsonify(TODOS[-1]), 201
    return jsonify(TODOS)


@api.route('/todos/<int:index>', methods=['DELETE'])
def delete_todo(index):
    TODOS.pop(index)
    return '', 204
