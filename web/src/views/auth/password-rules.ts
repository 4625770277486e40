/**
 * The server's rule for a new password, checked before the round trip: 8 to 128 characters,
 * letters and digits, not containing the username. Returns the i18n key (under
 * `auth.changePassword`) of the first rule broken.
 */
export function newPasswordProblem(password: string, username: string): 'newLength' | 'newWeak' | 'newContainsUsername' | null {
  const length = [...password].length;
  if (length < 8 || length > 128) return 'newLength';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'newWeak';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'newContainsUsername';
  return null;
}
