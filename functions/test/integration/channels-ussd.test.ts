/**
 * The USSD menu end to end: the real app against the emulators, called exactly as Africa's Talking
 * calls it (form-encoded, every input of the session so far joined by `*`), screens compared whole.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionDocumentId, USSD_SESSIONS } from "../../src/channels/ussd-repository.js";
import { auth, authEmulatorHost, db, projectId } from "../support/firebase.js";
import { client, expectProblem, expectStatus, type Client } from "../support/http.js";
import { createOrder, type OrderBody } from "../support/orders.js";
import { CALLBACK_TOKEN, dialer } from "../support/phone.js";
import { capturingLog, startApi, testConfig, useApi, type LogLine, type RunningApi } from "../support/server.js";
import { registerAndLogin, uniquePhoneNumber, verifiedCustomer } from "../support/users.js";

/** Firebase phone sign-in, as the web app's SDK does it, against the Auth emulator (it lists the codes it sent). */
async function signInWithPhone(phoneNumber: string): Promise<{ idToken: string; localId: string }> {
  const host = `http://${authEmulatorHost()}`;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${host}/identitytoolkit.googleapis.com/v1/${path}?key=any`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as Record<string, string>;
  };
  const { sessionInfo } = await post("accounts:sendVerificationCode", { phoneNumber, recaptchaToken: "test" });
  const listed = (await (await fetch(`${host}/emulator/v1/projects/${projectId}/verificationCodes`)).json()) as {
    verificationCodes: { phoneNumber: string; sessionInfo: string; code: string }[];
  };
  const code = listed.verificationCodes.find((entry) => entry.sessionInfo === sessionInfo)?.code;
  const signedIn = await post("accounts:signInWithPhoneNumber", { sessionInfo, code });
  return { idToken: signedIn.idToken ?? "", localId: signedIn.localId ?? "" };
}

const tag = () => randomUUID().replace(/-/g, "").slice(0, 10);

const homeEn = (username: string, notice?: string, sms = "on") =>
  [
    ...(notice ? [`CON ${notice}`, `Hi ${username}`] : [`CON Hi ${username}`]),
    "1 Order",
    "2 My orders",
    "3 Cancel an order",
    "4 Language",
    `5 SMS: ${sms}`,
    "0 Exit",
  ].join("\n");

const REGISTER_EN =
  "CON Welcome to Duka! Register to order.\nReply with a username (3-30 letters, digits, . _ -):\n9 Kiswahili";

describe("USSD", () => {
  const api = useApi(() => ({ config: testConfig({ AT_CALLBACK_TOKEN: CALLBACK_TOKEN }) }));

  describe("A number without an account", () => {
    it("When it dials and gives a username, then an account is made with the number proven, and the next dial finds it", async () => {
      const number = uniquePhoneNumber();
      const phone = dialer(api, number);
      expect(await phone.dial()).toBe(REGISTER_EN);
      expect(await phone.press("a!")).toBe(
        "CON That username is not valid.\nReply with a username (3-30 letters, digits, . _ -):\n9 Kiswahili",
      );
      const username = `ussd_${tag()}`;
      expect(await phone.press(username)).toBe(homeEn(username, "Welcome!"));
      // The gateway retries a request it did not hear back from: same answer, nothing done twice.
      expect(await phone.repeat()).toBe(homeEn(username, "Welcome!"));

      const user = await auth().getUserByPhoneNumber(number);
      const profile = (await db().collection("users").doc(user.uid).get()).data();
      expect(profile).toMatchObject({
        username,
        email: null,
        phone_number: number,
        phone_verified: true,
        language: "en",
      });
      expect((await db().collection("phone_numbers").doc(number).get()).data()).toMatchObject({
        uid: user.uid,
        proven_via: "ussd",
      });
      const claims = await db().collection("usernames").where("uid", "==", user.uid).get();
      expect(claims.size).toBe(1);

      expect(await dialer(api, number).dial()).toBe(homeEn(username));

      // On the web, signing in with that number (Firebase phone sign-in) is the same account.
      const web = await signInWithPhone(number);
      expect(web.localId).toBe(user.uid);
      const me = await api.get<Record<string, unknown>>("/me/", { token: web.idToken });
      expectStatus(me, 200);
      expect(me.body).toMatchObject({
        uid: user.uid,
        email: null,
        username,
        phone_number: number,
        phone_verified: true,
        language: "en",
        sms_opted_out: false,
      });
    });

    it("When the username is taken, then registration asks again; 9 switches the whole menu to Swahili", async () => {
      const web = await registerAndLogin(api);
      const phone = dialer(api, uniquePhoneNumber());
      await phone.dial();
      expect(await phone.press(web.username.toUpperCase())).toBe(
        "CON That username is taken.\nReply with a username (3-30 letters, digits, . _ -):\n9 Kiswahili",
      );
      expect(await phone.press("9")).toBe(
        "CON Karibu Duka! Jisajili ili uagize.\nJibu kwa jina la mtumiaji (herufi au tarakimu 3-30, . _ -):\n9 English",
      );
      const username = `sw_${tag()}`;
      expect(await phone.press(username)).toBe(
        [
          "CON Karibu!",
          `Habari ${username}`,
          "1 Agiza",
          "2 Oda zangu",
          "3 Ghairi oda",
          "4 Lugha",
          "5 SMS: zimewashwa",
          "0 Toka",
        ].join("\n"),
      );
      const profile = await db().collection("users").where("username", "==", username).get();
      expect(profile.docs[0]?.get("language")).toBe("sw");
    });

    it("When a web account typed the number but never proved it, then the number is still offered registration", async () => {
      const web = await registerAndLogin(api);
      expect(await dialer(api, web.phone_number).dial()).toBe(REGISTER_EN);
    });

    it("When the number's account is disabled in Firebase Auth, then the menu is not its and the number cannot be taken", async () => {
      const customer = await verifiedCustomer(api);
      await auth().updateUser(customer.uid, { disabled: true });
      const phone = dialer(api, customer.phone_number);
      expect(await phone.dial()).toBe(REGISTER_EN);
      expect(await phone.press(`other_${tag()}`)).toBe(
        "END This number belongs to another account. Please contact the shop.",
      );
    });

    it("When the number is no mobile number the shop serves, then the session ends at once", async () => {
      for (const number of ["+12025550123", "+254202222222", "not a number"]) {
        expect(await dialer(api, number).dial()).toBe(
          "END Sorry, this service is only for mobile numbers the shop serves.",
        );
      }
    });
  });

  describe("A customer", () => {
    let customer: Awaited<ReturnType<typeof verifiedCustomer>>;
    const orders: OrderBody[] = [];

    beforeAll(async () => {
      customer = await verifiedCustomer(api);
      for (const [item, amount] of [
        ["Sugar", 180],
        ["Maize flour", "250.50"],
        ["Cooking oil", 420],
        ["Tea leaves", 95],
      ] as const) {
        orders.push(await createOrder(api, customer.token, { item, amount }));
      }
    });

    it("When they look at their orders, then the three newest show with status and amount, and 0 goes back", async () => {
      const phone = dialer(api, customer.phone_number);
      expect(await phone.dial()).toBe(homeEn(customer.username));
      const [, second, third, fourth] = orders.map((order) => order.order_number);
      expect(await phone.press("2")).toBe(
        [
          "CON Your last orders:",
          `#${fourth} Pending KES 95.00`,
          `#${third} Pending KES 420.00`,
          `#${second} Pending KES 250.50`,
          "0 Back",
        ].join("\n"),
      );
      expect(await phone.press("0")).toBe(homeEn(customer.username));
      expect(await phone.press("7")).toBe(homeEn(customer.username, "Invalid choice."));
      expect(await phone.press("0")).toBe("END Thank you. Goodbye!");
    });

    it("When they cancel a Pending order, then it is canceled through the orders rules, once, however often the gateway asks", async () => {
      const phone = dialer(api, customer.phone_number);
      await phone.dial();
      const pick = await phone.press("3");
      expect(pick.split("\n")[0]).toBe("CON Cancel which order?");
      const newest = orders[3] as OrderBody;
      expect(pick.split("\n")[1]).toBe(`1 #${newest.order_number} KES 95.00`);
      expect(await phone.press("1")).toBe(
        `CON Cancel order #${newest.order_number} (KES 95.00)?\n1 Yes, cancel it\n2 No`,
      );
      expect(await phone.press("1")).toBe(`END Order #${newest.order_number} is canceled.`);
      expect(await phone.repeat()).toBe(`END Order #${newest.order_number} is canceled.`);
      const read = await api.get<OrderBody>(`/orders/${newest.id}/`, { token: customer.token });
      expectStatus(read, 200);
      expect(read.body.status).toBe("Canceled");
      expect(read.body.history.map((entry) => [entry.status, entry.by])).toEqual([
        ["Pending", "customer"],
        ["Canceled", "customer"],
      ]);

      // Canceled meanwhile elsewhere (the web app): the menu says so instead of failing.
      const other = dialer(api, customer.phone_number);
      await other.dial();
      await other.press("3");
      const target = orders[2] as OrderBody;
      await other.press("1");
      expectStatus(await api.patch(`/orders/${target.id}/`, { status: "Canceled" }, { token: customer.token }), 200);
      expect(await other.press("1")).toBe(`END Order #${target.order_number} is canceled.`);
    });

    it("When the gateway's first request already holds a choice (dialed *384*123*2#), then the menu takes it", async () => {
      const phone = dialer(api, customer.phone_number);
      const screen = await phone.press("2");
      expect(screen.split("\n")[0]).toBe("CON Your last orders:");
    });

    it("When they turn SMS off and on, then the number's consent records it with the session and the channel", async () => {
      const phone = dialer(api, customer.phone_number);
      await phone.dial();
      expect(await phone.press("5")).toBe("CON SMS from the shop are on.\n1 Turn them off\n0 Back");
      expect(await phone.press("1")).toBe(homeEn(customer.username, "SMS are off.", "off"));
      const number = db().collection("phone_numbers").doc(customer.phone_number);
      expect((await number.get()).data()).toMatchObject({ opted_out: true, opted_out_via: "ussd" });
      const changes = await number.collection("consent_changes").get();
      expect(changes.docs.map((doc) => doc.data())).toEqual([
        expect.objectContaining({ opted_out: true, via: "ussd", reference: phone.sessionId }),
      ]);
      expect(await phone.press("5")).toBe("CON SMS from the shop are off.\n1 Turn them on\n0 Back");
      expect(await phone.press("1")).toBe(homeEn(customer.username, "SMS are on."));
      expect((await number.get()).get("opted_out")).toBe(false);
    });

    it("When they choose Swahili, then every screen after is in Swahili, and so is their profile", async () => {
      const swahili = await verifiedCustomer(api);
      const order = await createOrder(api, swahili.token, { item: "Sukari", amount: 180 });
      const phone = dialer(api, swahili.phone_number);
      await phone.dial();
      expect(await phone.press("4")).toBe("CON Choose a language:\n1 English\n2 Kiswahili\n0 Back");
      expect(await phone.press("2")).toBe(
        [
          "CON Lugha: Kiswahili.",
          `Habari ${swahili.username}`,
          "1 Agiza",
          "2 Oda zangu",
          "3 Ghairi oda",
          "4 Lugha",
          "5 SMS: zimewashwa",
          "0 Toka",
        ].join("\n"),
      );
      expect(await phone.press("2")).toBe(
        `CON Oda zako za mwisho:\n#${order.order_number} Inasubiri KES 180.00\n0 Rudi`,
      );
      await phone.press("0");
      expect(await phone.press("3")).toBe(`CON Ghairi oda ipi?\n1 #${order.order_number} KES 180.00\n0 Rudi`);
      expect(await phone.press("1")).toBe(
        `CON Ghairi oda #${order.order_number} (KES 180.00)?\n1 Ndiyo, ighairi\n2 Hapana`,
      );
      expect(await phone.press("2")).toMatch(/^CON Hakuna kilichoghairiwa\.\nHabari /);
      expect(await phone.press("5")).toBe("CON SMS kutoka duka zimewashwa.\n1 Zizime\n0 Rudi");
      expect(await phone.press("0")).toMatch(/^CON Habari /);
      expect(await phone.press("0")).toBe("END Asante. Kwaheri!");

      const profile = await api.get<{ uid: string }>("/me/", { token: swahili.token });
      expectStatus(profile, 200);
      expect((await db().collection("users").doc(swahili.uid).get()).get("language")).toBe("sw");
      // A new session starts in the customer's language.
      expect(await dialer(api, swahili.phone_number).dial()).toMatch(/^CON Habari /);
    });
  });

  describe("The callback secret", () => {
    it("When the token is wrong or missing, then the request is refused alike and nothing is stored", async () => {
      const number = uniquePhoneNumber();
      const wrong = dialer(api, number, `${CALLBACK_TOKEN}x`);
      const refused = await wrong.raw();
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.text)).toMatchObject({
        code: "invalid_callback_token",
        detail: "This callback URL is not valid.",
      });
      expect(refused.text).not.toContain(CALLBACK_TOKEN);
      const session = await db().collection(USSD_SESSIONS).doc(sessionDocumentId(wrong.sessionId)).get();
      expect(session.exists).toBe(false);
      // Refused before the body is read: a malformed body gets the same answer.
      const malformed = await api.post(`/ussd/${"y".repeat(40)}/`, undefined, {
        raw: "%%%",
        headers: { "Content-Type": "text/plain" },
      });
      expectProblem(malformed, 403, "invalid_callback_token");
    });

    it("When the API has no token configured, then every USSD request is refused", async () => {
      const running = await startApi({ config: testConfig({ AT_CALLBACK_TOKEN: "" }) });
      try {
        const unconfigured = client(running.baseUrl);
        const refused = await dialer(unconfigured, uniquePhoneNumber(), "anything-at-all").raw();
        expect(refused.status).toBe(403);
      } finally {
        await running.close();
      }
    });
  });
});

describe("USSD failures", () => {
  const lines: LogLine[] = [];
  let running: RunningApi;
  let api: Client;

  beforeAll(async () => {
    running = await startApi({
      config: testConfig({ AT_CALLBACK_TOKEN: CALLBACK_TOKEN }),
      log: capturingLog(lines),
    });
    api = client(running.baseUrl);
  });
  afterAll(async () => {
    await running.close();
  });

  it("When something inside fails, then the session ends with a short apology and the cause is logged without the number", async () => {
    const customer = await verifiedCustomer(api);
    const phone = dialer(api, customer.phone_number);
    expect(await phone.dial()).toBe(homeEn(customer.username));
    // A session record that no longer makes sense (written by hand, say).
    await db()
      .collection(USSD_SESSIONS)
      .doc(sessionDocumentId(phone.sessionId))
      .update({ state: { at: "products", page: 0, shown: null, hasMore: false, notice: null } });
    expect(await phone.press("1")).toBe("END Sorry, something went wrong. Please try again later.");
    const failure = lines.find((line) => line.message === "ussd request failed");
    expect(failure?.level).toBe("error");
    expect(String(failure?.fields.error)).toMatch(/TypeError|not a function|undefined/);
    expect(JSON.stringify(lines)).not.toContain(customer.phone_number);
    expect(failure?.fields.number).toBe(`${customer.phone_number.slice(0, 5)}*****${customer.phone_number.slice(-3)}`);
  });
});
