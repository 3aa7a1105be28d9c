"""Data protection: archiving and anonymisation on the retention rules, the person's rights
(access, erasure), above every app that holds case data."""
