/* gen - writes a made-up service company as CSV, the same for a scale and seed */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * usage: gen small|full SEED DIR
 *
 * Writes into DIR (which must exist):
 *
 *   master/    customers, workers with skills and areas, objects, tasks,
 *              intervals, windows, calendar, SLAs, categories, tax codes:
 *              the CSV files svc load reads (the script adds the empty
 *              tables), so every other store starts from the same data
 *   gen/       master plus agreements with three lines each (weekly,
 *              monthly or first Monday of the month, quarterly) over a
 *              year, for svc order generate
 *   bill/      master plus posted orders, their lines and journal lines,
 *              and monthly subscriptions, for svc bill run
 *   bill10/    a fifth as many journal lines for ten customers only
 *   orders.csv open orders with lines, for svc order import (they get
 *              the customers' SLA), then svc sla status
 *   disp-N.csv, disp-N-task.csv  N open orders and their tasks, for
 *              svc dispatch assign --auto over a week
 *
 * Every value comes from a xorshift64* generator seeded with SEED, so
 * the output depends on the scale and the seed only.
 */

static uint64_t state;

static uint64_t
rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 2685821657736338717ULL;
}

static int
pick(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

struct scale {
	const char *name;
	int customers, agreements, journal, lines_per_order, subscriptions;
	int orders, order_lines;
	int disp[3];
};

static const struct scale scales[] = {
	{ "full", 20000, 20000, 1000000, 10, 200000, 100000, 10,
	  { 5000, 10000, 40000 } },
	{ "small", 2000, 2000, 100000, 10, 20000, 10000, 10,
	  { 500, 1000, 4000 } },
};

#define NWORKERS 200
#define NAREAS 8

static const char *areas[NAREAS] = {
	"north", "south", "east", "west", "centre", "harbour", "airport",
	"uplands"
};
static const char *skills[] = { "hvac", "elec", "plumb", "refr" };
static const char *surnames[] = {
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer",
	"Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein",
	"Wolf", "Neumann", "Schwarz", "Braun", "Krüger", "Hartmann", "Lange"
};
static const char *kinds[] = {
	"Bäckerei", "Hotel", "Praxis", "Autohaus", "Schule", "Kanzlei",
	"Pflegeheim", "Metzgerei"
};

static FILE *
create(const char *dir, const char *sub, const char *name)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s%s%s", dir, sub, *sub ? "/" : "",
	    name);
	if (!(fp = fopen(path, "w"))) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fp;
}

static void
done(FILE *fp)
{
	if (fflush(fp) || ferror(fp) || fclose(fp)) {
		fprintf(stderr, "gen: write error\n");
		exit(1);
	}
}

static void
subdir(const char *dir, const char *sub)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, sub);
	if (mkdir(path, 0777) && errno != EEXIST) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* The master data every store starts from, into dir/sub. */
static void
master(const char *dir, const char *sub, int ncust)
{
	FILE *fp;
	int i, j, k;

	subdir(dir, sub);
	fp = create(dir, sub, "tax-code.csv");
	fputs("id,description,rate_bp\nVAT19,Standard rate,1900\n", fp);
	done(fp);
	fp = create(dir, sub, "category.csv");
	fputs("id,description,type,cost_price,sales_price,currency,tax_code\n"
	    "LAB-STD,Technician hour,hour,38.00,72.00,EUR,VAT19\n"
	    "TRAVEL-KM,\"Travel, per kilometre\",expense,0.30,0.65,EUR,VAT19\n"
	    "PARTS,Spare parts,item,,,EUR,VAT19\n"
	    "MONITOR,Remote monitoring,fee,,49.00,EUR,VAT19\n", fp);
	done(fp);
	fp = create(dir, sub, "calendar.csv");
	fputs("id,description,zone,hours,closed\n"
	    "OFFICE,Office hours,Europe/Berlin,"
	    "\"mon-fri 07:00-12:00,12:30-16:00\",2027-12-24..2027-12-26\n", fp);
	done(fp);
	fp = create(dir, sub, "sla.csv");
	fputs("id,description,response,resolution,warning_percent,calendar_id\n"
	    "PRIORITY,Priority,2h,8h30m,75,OFFICE\n"
	    "STANDARD,Standard,8h30m,25h30m,80,OFFICE\n", fp);
	done(fp);
	fp = create(dir, sub, "interval.csv");
	fputs("id,description,recurrence\nWEEKLY,Every week,week:1\n"
	    "MONTHLY,Every month,month:1\nQUARTERLY,Every three months,month:3\n"
	    "FIRST-MON,First Monday of the month,FREQ=MONTHLY;BYDAY=1MO\n", fp);
	done(fp);
	fp = create(dir, sub, "window.csv");
	fputs("id,description,method,days_before,days_after\n"
	    "SAME-WEEK,Any day of the same week,week,0,0\n"
	    "SAME-MONTH,Any day of the same month,month,0,0\n", fp);
	done(fp);
	fp = create(dir, sub, "task.csv");
	fputs("id,description,skills,standard_minutes\n", fp);
	for (i = 0; i < 20; i++)
		fprintf(fp, "T%02d,Task %d,%s:%d,%d\n", i, i, skills[i % 4],
		    1 + pick(4), (int[]){ 30, 60, 90, 120, 240 }[pick(5)]);
	done(fp);
	fp = create(dir, sub, "customer.csv");
	fputs("id,name,address,area,currency,tax_code,sla_id\n", fp);
	for (i = 1; i <= ncust; i++)
		fprintf(fp, "C-%06d,%s %s,\"Hauptstraße %d, %05d Hannover\","
		    "%s,EUR,VAT19,%s\n", i, kinds[pick(8)], surnames[pick(20)],
		    1 + pick(200), 30000 + pick(999), areas[pick(NAREAS)],
		    pick(5) ? "STANDARD" : "PRIORITY");
	done(fp);
	fp = create(dir, sub, "object.csv");
	fputs("id,description,group,customer_id,area\n", fp);
	for (i = 1; i <= ncust; i++)
		fprintf(fp, "OBJ-%06d,Boiler %d,boiler,C-%06d,%s\n", i, i, i,
		    areas[pick(NAREAS)]);
	done(fp);
	fp = create(dir, sub, "worker.csv");
	fputs("id,name,role,active,calendar,skills,areas,hourly_cost,currency\n",
	    fp);
	for (i = 1; i <= NWORKERS; i++) {
		int s0 = pick(4), ns = 1 + pick(3), a0 = pick(NAREAS),
		    na = 1 + pick(3);

		fprintf(fp, "W-%04d,Worker %d,technician,true,OFFICE,", i, i);
		for (j = 0; j < ns; j++)
			fprintf(fp, "%s%s:%d", j ? ";" : "",
			    skills[(s0 + j) % 4], 1 + pick(5));
		fputc(',', fp);
		for (k = 0; k < na; k++)
			fprintf(fp, "%s%s", k ? ";" : "",
			    areas[(a0 + k) % NAREAS]);
		fprintf(fp, ",%d.00,EUR\n", 35 + pick(20));
	}
	done(fp);
}

/* Agreements over 2027 with a weekly, a monthly and a quarterly line. */
static void
agreements(const char *dir, const struct scale *s)
{
	static const char *combine[] = { "", "", "object", "task" };
	FILE *ag, *al;
	int i, c;

	master(dir, "gen", s->customers);
	ag = create(dir, "gen", "agreement.csv");
	al = create(dir, "gen", "agreement-line.csv");
	fputs("id,description,customer_id,currency,start_date,end_date,"
	    "combine,state\n", ag);
	fputs("agreement_id,line,type,category_id,description,task_id,"
	    "object_id,quantity,currency,interval_id,window_id\n", al);
	for (i = 1; i <= s->agreements; i++) {
		c = 1 + pick(s->customers);
		fprintf(ag, "AG-%06d,Maintenance %d,C-%06d,EUR,2027-01-01,"
		    "2027-12-31,%s,active\n", i, i, c, combine[pick(4)]);
		fprintf(al, "AG-%06d,1,hour,LAB-STD,Weekly check,T%02d,"
		    "OBJ-%06d,0.5,EUR,WEEKLY,\n", i, pick(20), c);
		fprintf(al, "AG-%06d,2,hour,LAB-STD,Monthly service,T%02d,"
		    "OBJ-%06d,1,EUR,%s,SAME-WEEK\n", i, pick(20), c,
		    pick(2) ? "MONTHLY" : "FIRST-MON");
		fprintf(al, "AG-%06d,3,hour,LAB-STD,Quarterly inspection,T%02d,"
		    "OBJ-%06d,2,EUR,QUARTERLY,SAME-MONTH\n", i, pick(20), c);
	}
	done(ag);
	done(al);
}

/* Posted orders, their lines and journal, for customers 1..ncust, and
 * nsub monthly subscriptions. */
static void
billing(const char *dir, const char *sub, const struct scale *s, long lines,
    int ncust, int nsub)
{
	FILE *o, *l, *j, *sg, *su;
	int i, k, order = 0, c = 0, month = 1, day = 1;
	long n;

	master(dir, sub, s->customers);
	o = create(dir, sub, "order.csv");
	l = create(dir, sub, "order-line.csv");
	j = create(dir, sub, "journal.csv");
	fputs("id,description,customer_id,stage_id,progress,signed_off,"
	    "signed_at,origin,created_at,order_date,currency\n", o);
	fputs("order_id,line,type,category_id,description,worker_id,"
	    "quantity,currency,status,signed_off,signed_at,line_date,"
	    "posted_at\n", l);
	fputs("id,date,customer_id,order_id,line,type,category_id,worker_id,"
	    "quantity,cost_amount,sales_amount,currency,tax_code,posted_at,"
	    "user\n", j);
	for (n = 0; n < lines; n++) {
		k = (int)(n % s->lines_per_order) + 1;
		if (k == 1) {
			order++;
			c = 1 + pick(ncust);
			month = 1 + pick(12);
			day = 1 + pick(28);
			fprintf(o, "SO-%07d,Repair %d,C-%06d,completed,posted,true,"
			    "2026-%02d-%02dT15:00:00Z,manual,"
			    "2026-%02d-%02dT08:00:00Z,2026-%02d-%02d,EUR\n", order,
			    order, c, month, day, month, day, month, day);
		}
		{
			int q = 1 + pick(16), w = 1 + pick(NWORKERS);
			long cost = 38L * 25 * q, sales = 72L * 25 * q;

			fprintf(l, "SO-%07d,%d,hour,LAB-STD,Work %d,W-%04d,%d.%02d,"
			    "EUR,posted,true,2026-%02d-%02dT15:00:00Z,2026-%02d-%02d,"
			    "2026-%02d-%02dT16:00:00Z\n", order, k, k, w,
			    q / 4, q % 4 * 25, month, day, month, day, month, day);
			fprintf(j, "J-%08ld,2026-%02d-%02d,C-%06d,SO-%07d,%d,hour,"
			    "LAB-STD,W-%04d,%d.%02d,%ld.%02ld,%ld.%02ld,EUR,VAT19,"
			    "2026-%02d-%02dT16:00:00Z,bench\n", n + 1, month, day,
			    c, order, k, w, q / 4, q % 4 * 25, cost / 100,
			    cost % 100, sales / 100, sales % 100, month, day);
		}
	}
	done(o);
	done(l);
	done(j);
	sg = create(dir, sub, "subscription-group.csv");
	fputs("id,description,period,billing,proration,accrual\n"
	    "MONTHLY,\"Monthly, in advance\",month,advance,days,month\n", sg);
	done(sg);
	su = create(dir, sub, "subscription.csv");
	fputs("id,description,customer_id,group_id,category_id,base_price,"
	    "start_date,currency\n", su);
	for (i = 1; i <= nsub; i++)
		fprintf(su, "SUB-%07d,Remote monitoring %d,C-%06d,MONTHLY,MONITOR,"
		    "%d.00,2026-12-01,EUR\n", i, i, 1 + pick(ncust), 20 + pick(80));
	done(su);
}

/* Open orders of a line each or more, as svc order import reads them. */
static void
open_orders(const char *dir, const struct scale *s)
{
	FILE *fp = create(dir, "", "orders.csv");
	int i, k;

	fputs("order_id,customer_id,description,created_at,line,type,"
	    "category_id,line_description,quantity\n", fp);
	for (i = 1; i <= s->orders; i++) {
		int c = 1 + pick(s->customers), d = 1 + pick(5),
		    h = 6 + pick(10), m = pick(60);

		for (k = 1; k <= s->order_lines; k++)
			fprintf(fp, "OO-%07d,C-%06d,Fault reported,"
			    "2027-03-%02dT%02d:%02d:00Z,%d,hour,LAB-STD,"
			    "Work item %d,%d\n", i, c, d, h, m, k, k,
			    1 + pick(4));
	}
	done(fp);
}

/* n orders to dispatch, each with a task. */
static void
dispatch(const char *dir, const struct scale *s, int n)
{
	static const char *prio[] = { "high", "normal", "normal", "low" };
	char name[64];
	FILE *o, *t;
	int i;

	snprintf(name, sizeof name, "disp-%d.csv", n);
	o = create(dir, "", name);
	snprintf(name, sizeof name, "disp-%d-task.csv", n);
	t = create(dir, "", name);
	fputs("order_id,customer_id,priority\n", o);
	fputs("order_id,task_id\n", t);
	for (i = 1; i <= n; i++) {
		fprintf(o, "DO-%06d,C-%06d,%s\n", i, 1 + pick(s->customers),
		    prio[pick(4)]);
		fprintf(t, "DO-%06d,T%02d\n", i, pick(20));
	}
	done(o);
	done(t);
}

int
main(int argc, char **argv)
{
	const struct scale *s = NULL;
	size_t i;

	if (argc != 4) {
		fprintf(stderr, "usage: gen small|full SEED DIR\n");
		return 64;
	}
	for (i = 0; i < sizeof scales / sizeof scales[0]; i++)
		if (strcmp(argv[1], scales[i].name) == 0)
			s = &scales[i];
	if (!s) {
		fprintf(stderr, "gen: scale is small or full\n");
		return 64;
	}
	state = strtoull(argv[2], NULL, 10) * 0x9E3779B97F4A7C15ULL + 1;
	master(argv[3], "master", s->customers);
	agreements(argv[3], s);
	billing(argv[3], "bill", s, s->journal, s->customers, s->subscriptions);
	billing(argv[3], "bill10", s, s->journal / 5, 10, 0);
	open_orders(argv[3], s);
	for (i = 0; i < 3; i++)
		dispatch(argv[3], s, s->disp[i]);
	return 0;
}
