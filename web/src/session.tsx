/**
 * Who is signed in, as the app needs to know it: the Firebase user, whether their token carries the
 * staff role, and their profile (or that they still have to complete it, after Google sign-in).
 */
import { isApiProblem, unwrap, type Profile } from "@customer-orders/client";
import { onIdTokenChanged, type User } from "firebase/auth";
import { createContext, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useMemo, useState } from "preact/hooks";
import { apiFor, type Api } from "./api.js";
import type { FirebaseServices } from "./firebase.js";

export type ProfileState = Profile | "incomplete" | "unavailable" | undefined;

export interface Session {
  services: FirebaseServices;
  api: Api;
  /** undefined until Firebase has said; null when signed out. */
  user: User | null | undefined;
  staff: boolean;
  profile: ProfileState;
  reloadProfile: () => Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

export function SessionProvider({ services, children }: { services: FirebaseServices; children: ComponentChildren }) {
  const api = useMemo(() => apiFor(services.auth), [services]);
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [staff, setStaff] = useState(false);
  const [profile, setProfile] = useState<ProfileState>(undefined);

  const reloadProfile = useCallback(async () => {
    try {
      setProfile(unwrap(await api.api.GET("/me/")));
    } catch (error) {
      setProfile(isApiProblem(error) && error.code === "profile_incomplete" ? "incomplete" : "unavailable");
    }
  }, [api]);

  useEffect(
    () =>
      onIdTokenChanged(services.auth, (next) => {
        setUser(next);
        if (!next) {
          setStaff(false);
          setProfile(undefined);
          return;
        }
        void next.getIdTokenResult().then((token) => {
          setStaff(token.claims.role === "staff");
        });
      }),
    [services],
  );

  // A new account (or another one) needs its profile read once.
  const uid = user?.uid;
  useEffect(() => {
    if (uid) void reloadProfile();
  }, [uid, reloadProfile]);

  const session = useMemo(
    () => ({ services, api, user, staff, profile, reloadProfile }),
    [services, api, user, staff, profile, reloadProfile],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
