"""`python -m align`: the same as the `align` command."""

from .cli import console

if __name__ == "__main__":
    console()
