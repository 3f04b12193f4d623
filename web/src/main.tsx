import { render } from "preact";
import { App } from "./app.js";
import { startFirebase } from "./firebase.js";
import { takeFirstSignIn } from "./first-sign-in.js";
import { en } from "./i18n/en.js";
import { storedLanguage } from "./i18n/i18n.js";
import { ProfileLanguage } from "./profile-language.js";
import { sw } from "./i18n/sw.js";
import { registerServiceWorker } from "./service-worker-registration.js";
import { SessionProvider } from "./session.js";
import { ShopProvider } from "./shop.js";
import "./styles.css";

const root = document.getElementById("app");
if (!root) throw new Error("index.html has no #app");

registerServiceWorker();

startFirebase()
  .then(async (services) => {
    // Whether someone is signed in is known before the first render, so a signed-out person's
    // sign-in form follows the first paint's in the same task: no keystroke falls between them.
    await services.auth.authStateReady();
    takeFirstSignIn(root);
    // The first paint (index.html's frame and form) goes; Preact renders into the emptied element.
    root.replaceChildren();
    render(
      <SessionProvider services={services} initialUser={services.auth.currentUser}>
        <ProfileLanguage>
          <ShopProvider>
            <App />
          </ShopProvider>
        </ProfileLanguage>
      </SessionProvider>,
      root,
    );
  })
  .catch(() => {
    root.textContent = (storedLanguage() === "sw" ? sw : en).frame.appFailed;
  });
