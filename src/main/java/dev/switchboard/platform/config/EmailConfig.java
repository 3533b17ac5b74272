package dev.switchboard.platform.config;

/** Outgoing email through the Resend API; without an API key, sending fails at once and says why. */
public record EmailConfig(String resendBaseUrl, String resendApiKey, String from) {

    public boolean configured() {
        return resendApiKey != null && from != null;
    }

    @Override
    public String toString() {
        return "EmailConfig[resendBaseUrl=" + resendBaseUrl + ", from=" + from + ", apiKey=" + (resendApiKey == null ? "unset" : "***") + "]";
    }
}
