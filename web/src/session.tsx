/**
 * Who is signed in, as the app needs to know it: the Firebase user, whether their token carries the
 * staff role, and their profile (or that they still have to complete it, after Google sign-in).
 *
 * A customer's profile is read as soon as they sign in. Staff who only fulfil orders have no profile,
 * so theirs is read only when they open a page of their own (their orders, their profile): a staff
 * sign-in asks nothing the API would answer with 409.
 */
import { isApiProblem, unwrap, type Profile } from "@customer-orders/client";
import { onIdTokenChanged, signOut as firebaseSignOut, type User } from "firebase/auth";
import { createContext, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { apiFor, type Api } from "./api.js";
import type { FirebaseServices } from "./firebase.js";
import { rememberSignedIn } from "./first-sign-in.js";
import { forgetOffline, savedOffline, saveOffline } from "./offline.js";
import { isOffline } from "./problems.js";

export type ProfileState = Profile | "incomplete" | "unavailable" | undefined;

/** What a customer changes on their profile from the app: the language, and whether SMS come. */
export interface ProfileChange {
  language?: Profile["language"];
  sms_opted_out?: boolean;
}

export interface Session {
  services: FirebaseServices;
  api: Api;
  /** undefined until Firebase has said; null when signed out. */
  user: User | null | undefined;
  /** undefined until the token's claims are read. */
  staff: boolean | undefined;
  profile: ProfileState;
  /** Reads the profile (again). */
  reloadProfile: () => Promise<void>;
  /** Changes some of the profile (PATCH /me/) and keeps what the API answers. */
  updateProfile: (change: ProfileChange) => Promise<void>;
  /** A page that needs the profile asks for it; it is read once per sign-in. */
  needProfile: () => void;
  /** Reads the Firebase user again (after its email was verified, say). */
  reloadUser: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

/** For tests and for the provider below: the session a page sees. */
export const SessionValue = SessionContext.Provider;

export function SessionProvider({
  services,
  initialUser,
  children,
}: {
  services: FirebaseServices;
  /** Who Firebase already knows is signed in (after `authStateReady`), for the first render. */
  initialUser?: User | null;
  children: ComponentChildren;
}) {
  const api = useMemo(() => apiFor(services.auth), [services]);
  const [user, setUser] = useState<User | null | undefined>(initialUser);
  // The User object changes in place on reload(); a counter makes the change visible to pages.
  const [userRound, setUserRound] = useState(0);
  const [staff, setStaff] = useState<boolean | undefined>(undefined);
  const [profile, setProfile] = useState<ProfileState>(undefined);
  const [profileWanted, setProfileWanted] = useState(false);
  const asked = useRef<string | undefined>(undefined);

  const reloadProfile = useCallback(async () => {
    const uid = services.auth.currentUser?.uid;
    if (!uid) return;
    try {
      const loaded = unwrap(await api.api.GET("/me/"));
      saveOffline(uid, "profile", loaded);
      setProfile(loaded);
    } catch (error) {
      if (isApiProblem(error) && error.code === "profile_incomplete") {
        setProfile("incomplete");
        return;
      }
      const saved = isOffline(error) ? savedOffline<Profile>(uid, "profile") : undefined;
      setProfile(saved ? saved.value : "unavailable");
    }
  }, [api, services]);

  const updateProfile = useCallback(
    async (change: ProfileChange) => {
      const uid = services.auth.currentUser?.uid;
      if (!uid) return;
      const saved = unwrap(await api.api.PATCH("/me/", { body: change }));
      saveOffline(uid, "profile", saved);
      setProfile(saved);
    },
    [api, services],
  );

  useEffect(
    () =>
      onIdTokenChanged(services.auth, (next) => {
        setUser(next);
        setUserRound((round) => round + 1);
        rememberSignedIn(next !== null);
        if (!next) {
          setStaff(undefined);
          setProfile(undefined);
          setProfileWanted(false);
          asked.current = undefined;
          return;
        }
        void next.getIdTokenResult().then(
          (token) => {
            setStaff(token.claims.role === "staff");
          },
          () => {
            setStaff(false);
          },
        );
      }),
    [services],
  );

  // Customers need their profile on every page; staff only on their own pages.
  const uid = user?.uid;
  useEffect(() => {
    if (!uid || staff === undefined || (staff && !profileWanted)) return;
    if (asked.current === uid) return;
    asked.current = uid;
    void reloadProfile();
  }, [uid, staff, profileWanted, reloadProfile]);

  const needProfile = useCallback(() => {
    setProfileWanted(true);
  }, []);

  const reloadUser = useCallback(async () => {
    const current = services.auth.currentUser;
    if (!current) return;
    await current.reload();
    // The ID token carries email_verified too: refresh it so the API sees the same.
    await current.getIdToken(true);
    setUserRound((round) => round + 1);
  }, [services]);

  const signOut = useCallback(async () => {
    forgetOffline();
    await firebaseSignOut(services.auth);
  }, [services]);

  const session = useMemo(
    () => ({ services, api, user, staff, profile, reloadProfile, updateProfile, needProfile, reloadUser, signOut }),
    // userRound: a reloaded user is the same object with new fields.
    [services, api, user, userRound, staff, profile, reloadProfile, updateProfile, needProfile, reloadUser, signOut],
  );
  return <SessionValue value={session}>{children}</SessionValue>;
}
