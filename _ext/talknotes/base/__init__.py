"""The ground floor: settings, addresses, text helpers, warnings and safe file reading, used by every layer."""
