/**
 * Typed Firestore access for documents only this code writes (the rules forbid clients to write
 * any of them), so a stored document has the shape its writer gave it. The one place that is assumed.
 */
import type { DocumentData, FirestoreDataConverter, QueryDocumentSnapshot } from "firebase-admin/firestore";

export function storedAs<T extends DocumentData>(): FirestoreDataConverter<T> {
  return {
    toFirestore: (value) => value,
    fromFirestore: (snapshot: QueryDocumentSnapshot) => snapshot.data() as T,
  };
}
