// Mirrors the server's validation of organization inputs, so most mistakes are caught before a round trip.
export const CODE_MAX_LENGTH = 64;
export const CODE_PATTERN = /^[A-Za-z0-9_-]+$/;
export const NAME_MAX_LENGTH = 100;
