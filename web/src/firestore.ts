/**
 * The parts of the Firestore SDK the app uses, as one module the app imports lazily: importing the
 * SDK itself dynamically would keep all of it, this keeps what is named here.
 */
export { connectFirestoreEmulator, doc, getFirestore, onSnapshot } from "firebase/firestore";
