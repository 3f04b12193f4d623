import { render } from "preact";
import { App } from "./app.js";
import { startFirebase } from "./firebase.js";
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
  .then((services) => {
    // The static "Loading…" goes; Preact renders into the emptied element.
    root.replaceChildren();
    render(
      <SessionProvider services={services}>
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
