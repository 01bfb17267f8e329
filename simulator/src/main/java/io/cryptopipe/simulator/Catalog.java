package io.cryptopipe.simulator;

import java.util.List;

/** Real-looking names the simulated market starts from; the rest is generated from syllables. */
final class Catalog {
    private Catalog() {
    }

    /** id, symbol, name, price USD, circulating supply, max supply ("" = uncapped), explorer, stablecoin. */
    record KnownAsset(String id, String symbol, String name, double price, double supply, String maxSupply,
            String explorer, boolean stable) {
    }

    /** slug, display name, URL, whether a trade socket exists. */
    record KnownExchange(String id, String name, String url, boolean socket) {
    }

    /** id (with CoinCap's parentheses and accents), symbol, currency symbol (null: none sent), rate USD. */
    record KnownFiat(String id, String symbol, String currencySymbol, double rateUsd) {
    }

    static final List<KnownAsset> ASSETS = List.of(
            new KnownAsset("bitcoin", "BTC", "Bitcoin", 91_250.0, 19_954_321.0, "21000000", "https://blockchain.info/", false),
            new KnownAsset("ethereum", "ETH", "Ethereum", 3_050.0, 120_690_000.0, "", "https://etherscan.io/", false),
            new KnownAsset("tether", "USDT", "Tether", 1.0, 184_300_000_000.0, "", "https://www.omniexplorer.info/asset/31", true),
            new KnownAsset("binance-coin", "BNB", "BNB", 880.0, 139_180_000.0, "139180000", "https://etherscan.io/token/0xB8c77482e45F1F44dE1745F52C74426C631bDD52", false),
            new KnownAsset("xrp", "XRP", "XRP", 2.1, 60_100_000_000.0, "100000000000", "https://xrpcharts.ripple.com/#/graph/", false),
            new KnownAsset("solana", "SOL", "Solana", 140.0, 560_000_000.0, "", "https://explorer.solana.com/", false),
            new KnownAsset("usd-coin", "USDC", "USDC", 1.0, 76_000_000_000.0, "", "https://etherscan.io/token/0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", true),
            new KnownAsset("tron", "TRX", "TRON", 0.28, 94_700_000_000.0, "", "https://tronscan.org/#/", false),
            new KnownAsset("dogecoin", "DOGE", "Dogecoin", 0.15, 151_000_000_000.0, "", "http://dogechain.info/chain/Dogecoin", false),
            new KnownAsset("cardano", "ADA", "Cardano", 0.42, 36_600_000_000.0, "45000000000", "https://cardanoexplorer.com/", false),
            new KnownAsset("chainlink", "LINK", "Chainlink", 13.0, 697_000_000.0, "1000000000", "https://etherscan.io/token/0x514910771af9ca656af840dff83e8264ecf986ca", false),
            new KnownAsset("bitcoin-cash", "BCH", "Bitcoin Cash", 520.0, 19_960_000.0, "21000000", "https://blockchair.com/bitcoin-cash/blocks", false),
            new KnownAsset("stellar", "XLM", "Stellar", 0.25, 32_200_000_000.0, "50001806812", "https://dashboard.stellar.org/", false),
            new KnownAsset("litecoin", "LTC", "Litecoin", 85.0, 76_400_000.0, "84000000", "http://explorer.litecoin.net/chain/Litecoin", false),
            new KnownAsset("avalanche", "AVAX", "Avalanche", 13.5, 427_000_000.0, "720000000", "https://avascan.info/", false),
            new KnownAsset("monero", "XMR", "Monero", 380.0, 18_440_000.0, "", "http://moneroblocks.info/", false),
            new KnownAsset("polkadot", "DOT", "Polkadot", 2.3, 1_620_000_000.0, "", "https://polkascan.io/polkadot", false),
            new KnownAsset("ethereum-classic", "ETC", "Ethereum Classic", 13.0, 154_000_000.0, "210700000", "http://gastracker.io/", false),
            new KnownAsset("uniswap", "UNI", "Uniswap", 6.0, 630_000_000.0, "1000000000", "https://etherscan.io/token/0x1f9840a85d5af5bf1d1762f925bdaddc4201f984", false),
            new KnownAsset("near-protocol", "NEAR", "NEAR Protocol", 1.9, 1_280_000_000.0, "", "https://explorer.near.org/", false));

    static final List<KnownExchange> EXCHANGES = List.of(
            new KnownExchange("binance", "Binance", "https://www.binance.com/", true),
            new KnownExchange("gdax", "Coinbase Pro", "https://pro.coinbase.com/", true),
            new KnownExchange("kraken", "Kraken", "https://kraken.com", false),
            new KnownExchange("bitfinex", "Bitfinex", "https://www.bitfinex.com/", true),
            new KnownExchange("okx", "OKX", "https://www.okx.com/", false),
            new KnownExchange("bybit", "Bybit", "https://www.bybit.com/", false),
            new KnownExchange("huobi", "Huobi", "https://www.hbg.com/", true),
            new KnownExchange("kucoin", "KuCoin", "https://www.kucoin.com/", false),
            new KnownExchange("crypto", "Crypto.com Exchange", "https://api.crypto.com/", false),
            new KnownExchange("gemini", "Gemini", "https://gemini.com/", true),
            new KnownExchange("bitstamp", "Bitstamp", "https://www.bitstamp.net/", true),
            new KnownExchange("gate", "Gate", "https://gate.io/", false),
            new KnownExchange("poloniex", "Poloniex", "https://poloniex.com/", true),
            new KnownExchange("bitso", "Bitso", "https://bitso.com/", true),
            new KnownExchange("luno", "Luno", "https://www.luno.com/", true));

    static final List<KnownFiat> FIATS = List.of(
            new KnownFiat("united-states-dollar", "USD", "$", 1.0),
            new KnownFiat("euro", "EUR", "€", 1.16),
            new KnownFiat("british-pound-sterling", "GBP", "£", 1.32),
            new KnownFiat("japanese-yen", "JPY", "¥", 0.0064),
            new KnownFiat("swiss-franc", "CHF", "Fr.", 1.25),
            new KnownFiat("canadian-dollar", "CAD", "$", 0.71),
            new KnownFiat("australian-dollar", "AUD", "$", 0.65),
            new KnownFiat("chinese-yuan-renminbi", "CNY", "¥", 0.14),
            new KnownFiat("indian-rupee", "INR", "₹", 0.0112),
            new KnownFiat("south-korean-won", "KRW", null, 0.00068),
            new KnownFiat("brazilian-real", "BRL", "R$", 0.187),
            new KnownFiat("mexican-peso", "MXN", "$", 0.054),
            new KnownFiat("russian-ruble", "RUB", "₽", 0.0125),
            new KnownFiat("turkish-lira", "TRY", "₺", 0.0236),
            new KnownFiat("nigerian-naira", "NGN", "₦", 0.00069),
            new KnownFiat("georgian-lari", "GEL", null, 0.37),
            new KnownFiat("sudanese-pound", "SDG", null, 0.00166),
            new KnownFiat("barbadian-dollar", "BBD", "$", 0.5),
            new KnownFiat("chilean-unit-of-account-(uf)", "CLF", null, 41.2),
            new KnownFiat("são-tomé-and-príncipe-dobra-(pre-2018)", "STD", null, 0.0000436),
            new KnownFiat("special-drawing-rights", "XDR", null, 1.36),
            new KnownFiat("gold-ounce", "XAU", null, 4_120.0),
            new KnownFiat("silver-ounce", "XAG", null, 51.3));

    static final String[] SYLLABLES = {"zor", "vex", "lu", "mi", "ra", "ko", "tan", "qui", "bel", "dra", "nio", "sy",
            "pha", "tro", "mex", "ly", "cor", "zen", "fi", "gal", "ar", "bit", "nex", "ora", "pol", "sol", "tera",
            "umi", "val", "wyn", "xa", "yor"};
    static final String[] ASSET_SUFFIXES = {"", "", "", " Coin", " Protocol", " Network", " Token", " Finance"};
    static final String[] EXCHANGE_SUFFIXES = {"", " Exchange", " Markets", "X", " Pro", " Global"};
}
