"""`python -m generator` runs the `atlas` command line (for hosts where console scripts
installed by pip are not on PATH, such as some build images)."""

from generator.cli import run

run()
