import { usePathname } from 'next/navigation';
import { SIGN_IN_PATH } from '../api';

/**
 * True on the sign-in page. The app shell (live feed, alert banner) reads nothing there: a browser
 * on that page is usually signed out, where every such read answers 401 (and the feed would retry
 * it forever); once the person has signed in and moved on, the shell starts reading.
 */
export function useOnSignInPage(): boolean {
  return usePathname() === SIGN_IN_PATH;
}
