/**
 * The shop's identity: its name in the header and the page title (the install name is the build's,
 * in the web app manifest).
 *
 * One function answers it. The API's public `GET /shop/` will carry the shop's settings; until the
 * client knows that operation, the name is the build's (`SHOP_NAME`, default "Duka").
 */
import { createContext, type ComponentChildren } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";

export interface Shop {
  name: string;
}

export const BUILD_SHOP: Shop = { name: __SHOP_NAME__ };

export function shopIdentity(): Promise<Shop> {
  return Promise.resolve(BUILD_SHOP);
}

const ShopContext = createContext<Shop>(BUILD_SHOP);

export function useShop(): Shop {
  return useContext(ShopContext);
}

export function ShopProvider({ children }: { children: ComponentChildren }) {
  const [shop, setShop] = useState<Shop>(BUILD_SHOP);
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
