"""The large data set of `manage.py generate_dataset`, drawn at random from a seed.

setup builds the directory the households point at (sites, staff, partners, offers); cases,
plans and moves draw each household's story along the funnel into drafts (drafts.py), from
people.py and the tables of pools.py; writer turns a batch of drafts into rows through bulk.py.
"""
