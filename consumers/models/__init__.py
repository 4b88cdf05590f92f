from .consumer import Consumer
from .keys import ApiKey, InvalidKey
from .usage import ApiUsage

__all__ = ["ApiKey", "ApiUsage", "Consumer", "InvalidKey"]
