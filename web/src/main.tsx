import { render } from "preact";
import { App } from "./app.js";
import { startFirebase } from "./firebase.js";
import { SessionProvider } from "./session.js";
import "./styles.css";

const root = document.getElementById("app");
if (!root) throw new Error("index.html has no #app");

startFirebase()
  .then((services) => {
    // The static "Loading…" goes; Preact renders into the emptied element.
    root.replaceChildren();
    render(
      <SessionProvider services={services}>
        <App />
      </SessionProvider>,
      root,
    );
  })
  .catch((error: unknown) => {
    root.textContent = error instanceof Error ? error.message : "The app could not start.";
  });
