USERS = {'Bearer ada': 'ada'}


def user_for(authorization):
    return USERS.get(authorization)
