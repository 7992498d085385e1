"""Signing in (R13): password, then a code from an authenticator app (or a recovery code);
lock-out by username or address; idle and absolute session limits; resetting a lost device."""
