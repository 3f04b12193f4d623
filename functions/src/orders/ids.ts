/** What order ids and order numbers look like (no schema code: the repository and the pager use them too). */

/** Firestore document ids as this API makes them: 20 letters and digits; up to 64 are accepted. */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;
/** Two letters, the UTC time to the second, and a suffix only where needed to stay unique. */
export const ORDER_NUMBER_PATTERN = /^[A-Z]{2}\d{14}(-[2-9A-HJ-NP-Z]{4})?$/;
