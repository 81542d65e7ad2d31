"""Training the specialist: build SFT data, LoRA fine-tune, evaluate, export, promote.

Short linear modules of plain functions that take their parts (a Database, the home folder, options);
`talentseek train` (cli/train.py) calls them. Nothing outside this package and that command imports
it, so the server never loads torch.
"""
