// Mirrors the server's validation of CreateUserInput, so most mistakes are caught before a round trip.
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,63}$/;
export const USERNAME_MAX_LENGTH = 64;
export const DISPLAY_NAME_MAX_LENGTH = 100;
