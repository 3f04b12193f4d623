/** The server URL the committed OpenAPI document names (npm start's); replaced by the real one when served. */
export const DOCUMENTED_SERVER_URL = "http://127.0.0.1:5001/demo-orders/us-central1/api/api";
