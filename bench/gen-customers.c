/* gen-customers - writes N made-up customer rows as CSV, the same for a seed */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * usage: gen-customers N [SEED]
 *
 * The columns are those of svc's customer table.  Ids run C-0000001,
 * C-0000002, ...; every other value comes from a xorshift64* generator
 * seeded with SEED, so the output depends on N and SEED only (not on
 * the C library's rand() or the machine).  Addresses hold commas and
 * some names hold double quotes, so the file exercises CSV quoting.
 */

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

struct name {
	const char *text;	/* as written */
	const char *ascii;	/* for e-mail addresses */
};

static const struct name surnames[] = {
	{ "Müller", "mueller" }, { "Schmidt", "schmidt" },
	{ "Schneider", "schneider" }, { "Fischer", "fischer" },
	{ "Weber", "weber" }, { "Meyer", "meyer" }, { "Wagner", "wagner" },
	{ "Becker", "becker" }, { "Schulz", "schulz" },
	{ "Hoffmann", "hoffmann" }, { "Schäfer", "schaefer" },
	{ "Koch", "koch" }, { "Bauer", "bauer" }, { "Richter", "richter" },
	{ "Klein", "klein" }, { "Wolf", "wolf" },
	{ "Schröder", "schroeder" }, { "Neumann", "neumann" },
	{ "Schwarz", "schwarz" }, { "Zimmermann", "zimmermann" },
	{ "Braun", "braun" }, { "Krüger", "krueger" },
	{ "Hofmann", "hofmann" }, { "Hartmann", "hartmann" },
	{ "Lange", "lange" }, { "Schmitt", "schmitt" },
	{ "Werner", "werner" }, { "Krause", "krause" },
	{ "Meier", "meier" }, { "Lehmann", "lehmann" },
	{ "Schmid", "schmid" }, { "Schulze", "schulze" },
	{ "Maier", "maier" }, { "Köhler", "koehler" },
	{ "Herrmann", "herrmann" }, { "König", "koenig" },
	{ "Walter", "walter" }, { "Mayer", "mayer" }, { "Huber", "huber" },
	{ "Kaiser", "kaiser" }, { "Fuchs", "fuchs" }, { "Peters", "peters" },
	{ "Lang", "lang" }, { "Scholz", "scholz" }, { "Möller", "moeller" },
	{ "Weiß", "weiss" }, { "Jung", "jung" }, { "Hahn", "hahn" },
	{ "Schubert", "schubert" }, { "Vogel", "vogel" },
	{ "Friedrich", "friedrich" }, { "Keller", "keller" },
	{ "Günther", "guenther" }, { "Frank", "frank" },
	{ "Berger", "berger" }, { "Winkler", "winkler" },
	{ "Roth", "roth" }, { "Beck", "beck" }, { "Lorenz", "lorenz" },
	{ "Baumann", "baumann" }, { "Franke", "franke" },
	{ "Albrecht", "albrecht" }, { "Schuster", "schuster" },
	{ "Simon", "simon" }, { "Ludwig", "ludwig" }, { "Böhm", "boehm" },
	{ "Winter", "winter" }, { "Kraus", "kraus" },
	{ "Martin", "martin" }, { "Schumacher", "schumacher" },
	{ "Krämer", "kraemer" }, { "Vogt", "vogt" }, { "Stein", "stein" },
	{ "Jäger", "jaeger" }, { "Otto", "otto" }, { "Sommer", "sommer" },
	{ "Groß", "gross" }, { "Seidel", "seidel" },
	{ "Heinrich", "heinrich" }, { "Brandt", "brandt" },
	{ "Haas", "haas" }, { "Schreiber", "schreiber" },
	{ "Graf", "graf" }, { "Yilmaz", "yilmaz" }, { "Kaya", "kaya" },
	{ "Nowak", "nowak" }, { "Kowalski", "kowalski" },
	{ "Romano", "romano" }, { "Petrović", "petrovic" },
	{ "van Dijk", "vandijk" },
};

static const struct name firstnames[] = {
	{ "Anna", "anna" }, { "Thomas", "thomas" }, { "Julia", "julia" },
	{ "Michael", "michael" }, { "Sabine", "sabine" },
	{ "Andreas", "andreas" }, { "Katrin", "katrin" },
	{ "Stefan", "stefan" }, { "Claudia", "claudia" },
	{ "Markus", "markus" }, { "Petra", "petra" }, { "Jan", "jan" },
	{ "Nina", "nina" }, { "Frank", "frank" }, { "Monika", "monika" },
	{ "Lukas", "lukas" }, { "Sophie", "sophie" }, { "Jörg", "joerg" },
	{ "Ursula", "ursula" }, { "Tobias", "tobias" }, { "Lea", "lea" },
	{ "Matthias", "matthias" }, { "Anja", "anja" },
	{ "Christian", "christian" }, { "Heike", "heike" },
	{ "Bernd", "bernd" }, { "Jana", "jana" }, { "Oliver", "oliver" },
	{ "Birgit", "birgit" }, { "Sebastian", "sebastian" },
	{ "Züleyha", "zueleyha" }, { "Mehmet", "mehmet" },
	{ "Giulia", "giulia" }, { "Pieter", "pieter" },
	{ "Agnieszka", "agnieszka" }, { "René", "rene" },
};

static const char *const trades[] = {
	"Bäckerei", "Metzgerei", "Autohaus", "Zahnarztpraxis", "Apotheke",
	"Hotel", "Gasthof", "Restaurant", "Tischlerei", "Druckerei",
	"Physiotherapie", "Kanzlei", "Steuerberatung", "Hausverwaltung",
	"Gartencenter", "Fitnessstudio", "Friseursalon", "Augenoptik",
	"Elektrohandel", "Spedition", "Logistik", "Immobilien",
	"Wohnungsbau", "Kfz-Werkstatt", "Arztpraxis", "Tierarztpraxis",
	"Blumenhaus", "Modehaus", "Getränkemarkt", "Brauerei",
};

static const char *const forms[] = {
	"GmbH", "GmbH & Co. KG", "KG", "e.K.", "OHG", "AG", "e.V.", "eG",
	"UG (haftungsbeschränkt)", "GbR",
};

static const char *const inns[] = {
	"Zur Linde", "Goldener Hirsch", "Zum Anker", "Alte Mühle",
	"Am Markt", "Deutsches Haus", "Zur Post", "Waldblick",
};

static const char *const streets[] = {
	"Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schulstraße",
	"Dorfstraße", "Bergstraße", "Lindenstraße", "Kirchstraße",
	"Waldstraße", "Ringstraße", "Industriestraße", "Am Markt",
	"Mühlenweg", "Birkenweg", "Eichenweg", "Hildesheimer Straße",
	"Podbielskistraße", "Walsroder Straße", "Göttinger Chaussee",
	"Hannoversche Straße", "Marktplatz", "Am Sportplatz",
	"Gewerbering", "Lange Laube", "Engelbosteler Damm",
	"Calenberger Straße", "Vahrenwalder Straße", "Limmerstraße",
};

static const char *const buildings[] = {
	"Halle 2", "2. OG", "Hinterhaus", "Gebäude B", "EG links",
	"Tor 3", "Eingang Nord",
};

struct town {
	const char *name;
	int zip;
	const char *area;
	const char *dial;
};

static const struct town towns[] = {
	{ "Hannover", 30159, "central", "511" },
	{ "Hannover", 30449, "west", "511" },
	{ "Hannover", 30519, "south", "511" },
	{ "Hannover", 30655, "east", "511" },
	{ "Hannover", 30179, "north", "511" },
	{ "Langenhagen", 30851, "north", "511" },
	{ "Isernhagen", 30916, "north", "511" },
	{ "Wedemark", 30900, "north", "5130" },
	{ "Burgwedel", 30938, "north", "5139" },
	{ "Lehrte", 31275, "east", "5132" },
	{ "Sehnde", 31319, "east", "5138" },
	{ "Burgdorf", 31303, "east", "5136" },
	{ "Uetze", 31311, "east", "5173" },
	{ "Laatzen", 30880, "south", "511" },
	{ "Hemmingen", 30966, "south", "511" },
	{ "Pattensen", 30982, "south", "5101" },
	{ "Springe", 31832, "south", "5041" },
	{ "Seelze", 30926, "west", "5137" },
	{ "Garbsen", 30823, "west", "5131" },
	{ "Wunstorf", 31515, "west", "5031" },
	{ "Barsinghausen", 30890, "west", "5105" },
};

static const char *const maildomains[] = {
	"t-online.de", "gmx.de", "web.de", "posteo.de", "mailbox.org",
};

static uint64_t rng;

/* xorshift64*: small, fast and the same everywhere */
static uint64_t
next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

/* a number in [0, n); the modulo bias is far below what matters here */
static unsigned
pick(unsigned n)
{
	return (unsigned)((next() >> 32) % n);
}

#define ANY(a) (a)[pick(NELEM(a))]

/* Writes s as one CSV field, quoted when it holds a comma, a quote or a
 * line break. */
static void
field(const char *s, int last)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n")) {
		putchar('"');
		for (p = s; *p; p++) {
			if (*p == '"')
				putchar('"');
			putchar(*p);
		}
		putchar('"');
	} else
		fputs(s, stdout);
	putchar(last ? '\n' : ',');
}

static void
slug(char *out, size_t n, const char *s)
{
	size_t i = 0;

	for (; *s && i + 1 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			out[i++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[i++] = (char)c;
		else if (c == ' ' || c == '-' || c == '.')
			out[i++] = c == '.' ? '.' : '-';
	}
	out[i] = '\0';
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	char name[256], addr[256], contact[128], email[160], phone[64];
	char id[32], dom[96];
	unsigned long long n, i;
	const struct town *tw;
	const struct name *fn, *sn, *sn2;
	char *end;
	int kind;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: gen-customers N [SEED]\n");
		return 64;
	}
	n = strtoull(argv[1], &end, 10);
	if (*end || argv[1][0] == '-' || n > 9999999) {
		fprintf(stderr, "gen-customers: N must be 0 to 9999999\n");
		return 64;
	}
	rng = argc > 2 ? strtoull(argv[2], &end, 10) : 1;
	if (argc > 2 && *end) {
		fprintf(stderr, "gen-customers: bad seed '%s'\n", argv[2]);
		return 64;
	}
	/* mix the seed so that nearby seeds differ at once; never zero */
	rng = (rng + 0x9E3779B97F4A7C15ULL) * 0xBF58476D1CE4E5B9ULL;
	if (rng == 0)
		rng = 0x9E3779B97F4A7C15ULL;
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);

	puts("id,name,address,area,currency,tax_code,contact,email,phone");
	for (i = 1; i <= n; i++) {
		snprintf(id, sizeof id, "C-%07llu", i);
		tw = &ANY(towns);
		fn = &ANY(firstnames);
		sn = &ANY(surnames);
		kind = (int)pick(20);
		if (kind < 11) {
			snprintf(name, sizeof name, "%s %s %s", ANY(trades),
			    sn->text, ANY(forms));
			snprintf(dom, sizeof dom, "%s-%s.de", sn->ascii,
			    tw->name);
		} else if (kind < 14) {
			sn2 = &ANY(surnames);
			snprintf(name, sizeof name, "%s & %s %s", sn->text,
			    sn2->text, ANY(forms));
			snprintf(dom, sizeof dom, "%s-%s.de", sn->ascii,
			    sn2->ascii);
		} else if (kind < 16) {
			snprintf(name, sizeof name, "Gasthof \"%s\" %s",
			    ANY(inns), sn->text);
			snprintf(dom, sizeof dom, "gasthof-%s.de", sn->ascii);
		} else {
			snprintf(name, sizeof name, "Familie %s", sn->text);
			snprintf(dom, sizeof dom, "%s", ANY(maildomains));
		}
		slug(dom, sizeof dom, dom);	/* lower case, no spaces */
		if (pick(4) == 0)
			snprintf(addr, sizeof addr, "%s %u, %s, %05d %s",
			    ANY(streets), 1 + pick(180), ANY(buildings),
			    tw->zip + (int)pick(8), tw->name);
		else
			snprintf(addr, sizeof addr, "%s %u%s, %05d %s",
			    ANY(streets), 1 + pick(180),
			    pick(10) == 0 ? "a" : "", tw->zip + (int)pick(8),
			    tw->name);
		snprintf(contact, sizeof contact, "%s %s", fn->text, sn->text);
		snprintf(email, sizeof email, "%s.%s@%s", fn->ascii, sn->ascii,
		    dom);
		snprintf(phone, sizeof phone, "+49 %s %u", tw->dial,
		    100000 + pick(8900000));

		field(id, 0);
		field(name, 0);
		field(addr, 0);
		field(tw->area, 0);
		field(pick(50) == 0 ? "CHF" : "EUR", 0);
		field(pick(25) == 0 ? "RC0" : "VAT19", 0);
		field(contact, 0);
		field(email, 0);
		field(phone, 1);
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("gen-customers");
		return 74;
	}
	return 0;
}
