"""``python -m kpss_cli``."""

from kpss_cli.entry import main

if __name__ == "__main__":
    main()
