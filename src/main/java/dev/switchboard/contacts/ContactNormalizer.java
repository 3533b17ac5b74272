package dev.switchboard.contacts;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Normalises what a contact stores: region as an ISO 3166-1 alpha-2 code (from a code in any case, an
 * alpha-3 code or a country name in English, German, French, Spanish, Italian,
 * Portuguese or Dutch), phone in E.164 read in
 * the contact's region (or the organization's default region), and a display name.
 */
public final class ContactNormalizer {

    /** The organization default region for phone numbers written without a country code. */
    static final String DEFAULT_REGION = "US";

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());
    /** Besides English, country names are understood in these languages (each costs a locale bundle to load). */
    private static final List<Locale> NAME_LANGUAGES = List.of(Locale.GERMAN, Locale.FRENCH, new Locale("es"), Locale.ITALIAN,
            new Locale("pt"), new Locale("nl"));
    private static final Map<String, String> BY_NAME = namesOfRegions();

    private ContactNormalizer() {
    }

    /** Loads the country names and phone metadata now (a second or so, blocking): call it on a worker at startup. */
    public static void warmUp() {
        region(DEFAULT_REGION);
        e164("+14155552671", DEFAULT_REGION);
    }

    /** The stored form of {@code values}; a 400 naming each field that cannot be normalised. */
    static ContactValues normalize(ContactValues values) {
        List<FieldError> errors = new ArrayList<>();
        String region = values.region();
        if (region != null) {
            region = region(region);
            if (region == null) {
                errors.add(new FieldError("region", "must be an ISO 3166-1 country code or a country name"));
            }
        }
        String fullName = values.fullName() != null ? values.fullName() : join(values.firstName(), values.lastName());
        if (fullName == null) {
            errors.add(new FieldError("fullName", "a name is required: fullName, or firstName and/or lastName"));
        }
        String phone = values.phone();
        if (phone != null) {
            String defaultRegion = region != null ? region : DEFAULT_REGION;
            phone = e164(phone, defaultRegion);
            if (phone == null) {
                errors.add(new FieldError("phone", "must be a valid phone number, in international format (+...) or for region "
                        + defaultRegion));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ContactValues(values.firstName(), values.lastName(), fullName, values.email(), phone, values.company(),
                region, values.tags(), values.ownerUserId(), values.teamId(), values.customFields());
    }

    /** The ISO 3166-1 alpha-2 code {@code input} names, or null. */
    static String region(String input) {
        String key = key(input);
        String upper = key.toUpperCase(Locale.ROOT);
        if (upper.length() == 2 && ISO_CODES.contains(upper)) {
            return upper;
        }
        return BY_NAME.get(key);
    }

    /** {@code input} in E.164, read as a number of {@code defaultRegion} unless it has a country code; null if invalid. */
    static String e164(String input, String defaultRegion) {
        try {
            PhoneNumber number = PHONES.parse(input, defaultRegion);
            return PHONES.isValidNumber(number) ? PHONES.format(number, PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String join(String first, String last) {
        String joined = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return joined.isEmpty() ? null : joined;
    }

    /** Lower case, without accents, dots or repeated spaces: "Côte d’Ivoire", "U.S." → "cote d’ivoire", "us". */
    private static String key(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.replace(".", "").replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> namesOfRegions() {
        Map<String, String> names = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            names.put(key(country.getDisplayCountry(Locale.ENGLISH)), code);
            try {
                names.put(key(country.getISO3Country()), code);
            } catch (java.util.MissingResourceException ignored) {
                // a code without an alpha-3 form is still reachable by its alpha-2 code and name
            }
        }
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            for (Locale language : NAME_LANGUAGES) {
                names.putIfAbsent(key(country.getDisplayCountry(language)), code);
            }
        }
        Map.of("uk", "GB", "great britain", "GB", "england", "GB", "scotland", "GB", "wales", "GB",
                "united states of america", "US", "america", "US", "holland", "NL", "south korea", "KR", "russia", "RU")
                .forEach(names::putIfAbsent);
        return Map.copyOf(names);
    }
}
