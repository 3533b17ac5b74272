package dev.switchboard.ai;

/** What both provider clients are: a named provider's chat endpoint at one URL, reached through the shared HTTP. */
abstract class ChatApi implements ModelClient {

    final ProviderHttp http;
    final String url;
    private final String name;

    ChatApi(String name, ProviderHttp http, String baseUrl, String path) {
        this.name = name;
        this.http = http;
        this.url = Providers.join(baseUrl, path);
    }

    @Override
    public String provider() {
        return name;
    }
}
