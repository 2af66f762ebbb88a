class Config:
    SECRET_KEY = "hard to guess string"


class DevelopmentConfig(Config):
    DEBUG = True


config = {"development": DevelopmentConfig, "default": DevelopmentConfig}
