/**
 * The parts of the Firestore SDK the app uses, as one module the app imports lazily: importing the
 * SDK itself dynamically would keep all of it, this keeps what is named here.
 */
export {
  collectionGroup,
  connectFirestoreEmulator,
  doc,
  getFirestore,
  onSnapshot,
  query,
  Timestamp,
  where,
} from "firebase/firestore";
