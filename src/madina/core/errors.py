"""The base of the errors an app's services raise for the person who tried: the message is ready to show."""


class ServiceError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))
