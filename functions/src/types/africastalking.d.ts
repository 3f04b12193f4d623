/** The part of the africastalking SDK (0.8.x, untyped) that this project uses. */
declare module "africastalking" {
  namespace AfricasTalking {
    interface Recipient {
      statusCode?: number;
      status?: string;
      messageId?: string;
      cost?: string;
      number?: string;
    }

    interface SendResponse {
      SMSMessageData?: { Message?: string; Recipients?: Recipient[] };
    }

    interface SmsService {
      send(params: { to: string[]; message: string; from?: string }): Promise<SendResponse>;
    }

    interface Client {
      SMS: SmsService;
    }
  }

  function AfricasTalking(options: { apiKey: string; username: string }): AfricasTalking.Client;
  export = AfricasTalking;
}
