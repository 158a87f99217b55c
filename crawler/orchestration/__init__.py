"""Running crawls: spiders from the CLI, schedules, resumes, the distributed frontier, progress."""
