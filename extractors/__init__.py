"""Discovery, fetching, HTML/text to article, and article to facts.

Most functions here are pure: they take a record of the previous stage and return records of their own.
"""
