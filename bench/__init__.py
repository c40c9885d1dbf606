"""`make bench`: speed, memory and page fidelity, measured. Not part of the installed package."""
