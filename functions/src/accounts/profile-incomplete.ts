/** The answer for an account without a profile (one made by signing in with Google, say). */
import { ApiError } from "../http/errors.js";

/** What the account still lacks, as field errors a client can act on: PUT /me/ with them. */
export function profileIncomplete(): ApiError {
  return new ApiError("profile_incomplete", "Complete your profile (PUT /me/) before ordering.", {
    errors: [
      { field: "username", message: "Choose a username." },
      { field: "phone_number", message: "Enter the phone number SMS should go to." },
    ],
  });
}
