"""`python -m reecheck`: the same command line as the `reecheck` script."""

from reecheck.cli import main

if __name__ == "__main__":
    main()
