/** The API key lives in sessionStorage only: closing the tab signs out. */
const KEY = 'quell.apiKey';

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  signIn: (key: string) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

export function goToLogin(): void {
  session.signOut();
  if (location.hash !== '#/login') location.hash = '#/login';
}
