/**
 * The shop's identity: its name in the header and the page title, from the API's public `GET /shop/`
 * (the shop's settings). Until it answers, or when it cannot (offline), the name is the build's
 * (`SHOP_NAME`, default "Duka"), which is also the install name in the static web app manifest.
 */
import { createApiClient, unwrap } from "@customer-orders/client";
import { createContext, type ComponentChildren } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";

export interface Shop {
  name: string;
}

export const BUILD_SHOP: Shop = { name: __SHOP_NAME__ };

const SHOP_KEY = "shop";

/** The name this phone last read, so a reload offline still shows it. */
function remembered(): Shop {
  try {
    const name = localStorage.getItem(SHOP_KEY);
    if (name) return { name };
  } catch {
    // Storage can be blocked: the build's name stands in.
  }
  return BUILD_SHOP;
}

export async function shopIdentity(): Promise<Shop> {
  try {
    const shop = unwrap(await createApiClient({ baseUrl: "/api" }).api.GET("/shop/"));
    try {
      localStorage.setItem(SHOP_KEY, shop.name);
    } catch {
      // Not kept on this phone; the page still shows it.
    }
    return { name: shop.name };
  } catch {
    return remembered();
  }
}

const ShopContext = createContext<Shop>(BUILD_SHOP);

export function useShop(): Shop {
  return useContext(ShopContext);
}

export function ShopProvider({ children }: { children: ComponentChildren }) {
  const [shop, setShop] = useState<Shop>(remembered);
  useEffect(() => {
    let current = true;
    void shopIdentity().then((identity) => {
      if (current) setShop(identity);
    });
    return () => {
      current = false;
    };
  }, []);
  return <ShopContext.Provider value={shop}>{children}</ShopContext.Provider>;
}

/** The browser tab's (and history's) title for a page: the page, then the shop. */
export function usePageTitle(title: string): void {
  const shop = useShop();
  useEffect(() => {
    document.title = `${title} · ${shop.name}`;
  }, [title, shop.name]);
}
