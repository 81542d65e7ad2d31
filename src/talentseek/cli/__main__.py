"""`python -m talentseek.cli ARGS` runs the `talentseek` command (e.g. under `accelerate launch -m`)."""

from talentseek.cli import main

main()
