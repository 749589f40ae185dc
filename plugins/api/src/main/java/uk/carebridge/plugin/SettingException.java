package uk.carebridge.plugin;

/**
 * A partner's setting is wrong: the message names the partner and the setting and says what is expected (never a
 * secret's value). {@code carebridge validate} and the config loader report it at the setting's line in the partner
 * file; a partner whose plugin throws it at start-up does not start, and says the same.
 */
public class SettingException extends IllegalArgumentException {

    private final String setting;

    public SettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The key in the partner file's {@code settings:} block. */
    public String setting() {
        return setting;
    }
}
