/// <reference types="vite/client" />

/** The Auth and Firestore emulators' host:port, from firebase.json (used only for a demo- project). */
declare const __AUTH_EMULATOR__: string;
declare const __FIRESTORE_EMULATOR__: string;
