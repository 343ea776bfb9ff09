/** Your app's token store (here: set by the test page after sign-in). */
export const auth: { accessToken: string | null } = { accessToken: null };
