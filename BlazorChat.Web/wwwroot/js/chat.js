// chat helpers
