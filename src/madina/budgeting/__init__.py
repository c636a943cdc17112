"""Participatory budgets: projects with costs, secret ballots, eligibility, counts through madina.pb."""
