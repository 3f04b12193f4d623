/** Signing in (email and password, or Google), registering, completing a profile, proving the phone. */
import { unwrap } from "@customer-orders/client";
import { GoogleAuthProvider, signInWithEmailAndPassword, signInWithPopup } from "firebase/auth";
import { useState } from "preact/hooks";
import { shown, type Shown } from "../api.js";
import { go } from "../router.js";
import { useSession } from "../session.js";
import { Alert, Field } from "../ui.js";

const NO_PROBLEM: Shown = { message: "", fields: {}, code: undefined };

/** Runs a form's submission once at a time, keeping what went wrong to show it. */
function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Shown>(NO_PROBLEM);
  const submit = async (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setProblem(NO_PROBLEM);
    try {
      await work();
    } catch (error) {
      setProblem(shown(error));
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, submit };
}

interface ValueProps {
  value: string;
  onValue: (value: string) => void;
  error: string | undefined;
}

/** The profile's two fields, the same in registration and in completing a profile. */
function UsernameField(props: ValueProps) {
  return <Field id="username" label="Username" autocomplete="username" required {...props} />;
}

function PhoneField(props: ValueProps) {
  return (
    <Field
      id="phone_number"
      label="Mobile number"
      type="tel"
      autocomplete="tel"
      hint="For order updates by SMS, e.g. 0712 345 678 or +254712345678."
      required
      {...props}
    />
  );
}

export function SignIn() {
  const { services } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, problem, submit } = useSubmit();
  return (
    <section aria-labelledby="sign-in-title" class="card narrow">
      <h1 id="sign-in-title">Sign in</h1>
      {problem.message && <Alert>{problem.message}</Alert>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            await signInWithEmailAndPassword(services.auth, email.trim(), password);
            go("/orders");
          });
        }}
      >
        <Field id="email" label="Email" type="email" autocomplete="email" required value={email} onValue={setEmail} />
        <Field
          id="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onValue={setPassword}
        />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p class="or">or</p>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          void submit(async () => {
            await signInWithPopup(services.auth, new GoogleAuthProvider());
            go("/orders");
          });
        }}
      >
        Continue with Google
      </button>
      <p>
        New here? <a href="#/register">Create an account</a>
      </p>
    </section>
  );
}

export function Register() {
  const { services, api } = useSession();
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [phone, setPhone] = useState("");
  const { busy, problem, submit } = useSubmit();
  return (
    <section aria-labelledby="register-title" class="card narrow">
      <h1 id="register-title">Create an account</h1>
      {problem.message && <Alert>{problem.message}</Alert>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            unwrap(
              await api.api.POST("/register/", {
                body: { username, email: email.trim(), password, phone_number: phone.trim() },
              }),
            );
            await signInWithEmailAndPassword(services.auth, email.trim(), password);
            go("/verify");
          });
        }}
      >
        <UsernameField value={username} onValue={setUsername} error={problem.fields.username} />
        <Field
          id="email"
          label="Email"
          type="email"
          autocomplete="email"
          required
          value={email}
          onValue={setEmail}
          error={problem.fields.email}
        />
        <Field
          id="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          hint="At least 8 characters."
          required
          value={password}
          onValue={setPassword}
          error={problem.fields.password}
        />
        <PhoneField value={phone} onValue={setPhone} error={problem.fields.phone_number} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Creating your account…" : "Create account"}
        </button>
      </form>
      <p>
        Have an account? <a href="#/">Sign in</a>
      </p>
    </section>
  );
}

/** After signing in with Google: the username and number the API needs before any order. */
export function CompleteProfile() {
  const { api, reloadProfile } = useSession();
  const [username, setUsername] = useState("");
  const [phone, setPhone] = useState("");
  const { busy, problem, submit } = useSubmit();
  return (
    <section aria-labelledby="profile-title" class="card narrow">
      <h1 id="profile-title">Complete your profile</h1>
      <p>Choose a username and give the mobile number your order updates go to.</p>
      {problem.message && <Alert>{problem.message}</Alert>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            unwrap(await api.api.PUT("/me/", { body: { username, phone_number: phone.trim() } }));
            await reloadProfile();
            go("/verify");
          });
        }}
      >
        <UsernameField value={username} onValue={setUsername} error={problem.fields.username} />
        <PhoneField value={phone} onValue={setPhone} error={problem.fields.phone_number} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Saving…" : "Save"}
        </button>
      </form>
    </section>
  );
}

/** Proving the number: a code by SMS, typed back. Until then no other SMS goes to it. */
export function VerifyPhone() {
  const { api, profile, reloadProfile } = useSession();
  const [sentTo, setSentTo] = useState<string | undefined>(undefined);
  const [code, setCode] = useState("");
  const sending = useSubmit();
  const verifying = useSubmit();
  const number = typeof profile === "object" ? profile.phone_number : "your number";
  return (
    <section aria-labelledby="verify-title" class="card narrow">
      <h1 id="verify-title">Prove your mobile number</h1>
      <p>
        We text order updates to {number}. To be sure it is yours, we send it a code first; no other message goes to it
        until you type the code here.
      </p>
      {sending.problem.message && <Alert>{sending.problem.message}</Alert>}
      {sentTo && !verifying.problem.message && <Alert kind="info">A code is on its way to {sentTo}.</Alert>}
      <button
        type="button"
        disabled={sending.busy}
        onClick={() => {
          void sending.submit(async () => {
            const sent = unwrap(await api.api.POST("/me/phone/code/"));
            setSentTo(sent.phone_number);
          });
        }}
      >
        {sentTo ? "Send a new code" : "Send me a code"}
      </button>
      {verifying.problem.message && <Alert>{verifying.problem.message}</Alert>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void verifying.submit(async () => {
            unwrap(await api.api.POST("/me/phone/verify/", { body: { code: code.trim() } }));
            await reloadProfile();
            go("/orders");
          });
        }}
      >
        <Field
          id="code"
          label="Code from the SMS"
          inputMode="numeric"
          autocomplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          value={code}
          onValue={setCode}
          error={verifying.problem.fields.code}
        />
        <button type="submit" class="primary" disabled={verifying.busy}>
          {verifying.busy ? "Checking…" : "Prove my number"}
        </button>
      </form>
      <p>
        <a href="#/orders">Not now</a>: your orders are kept, without SMS.
      </p>
    </section>
  );
}
