"""`python -m themecoder`: the same command line as the `themecoder` script."""

from themecoder.cli import main

if __name__ == "__main__":
    main()
