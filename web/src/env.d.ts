/// <reference types="vite/client" />

/** The Auth and Firestore emulators' host:port, from firebase.json (used only for a demo- project). */
declare const __AUTH_EMULATOR__: string;
declare const __FIRESTORE_EMULATOR__: string;
/** The shop's name as the build knows it (SHOP_NAME, default "Duka"), until the API tells it. */
declare const __SHOP_NAME__: string;
