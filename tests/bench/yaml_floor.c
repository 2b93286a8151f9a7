/* The floor of reading a plan: libyaml's event parse of the file and
 * nothing else (no tree, no validation, no NFC).  The benchmark compares
 * `kehoach status` against this plus the sqlite3 shell's query.
 *
 *   yaml_floor FILE   prints the number of events */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: yaml_floor FILE\n");
		return 2;
	}
	FILE *fp = fopen(argv[1], "rb");
	if (!fp) {
		perror(argv[1]);
		return 1;
	}
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		fclose(fp);
		return 1;
	}
	yaml_parser_set_input_file(&parser, fp);
	unsigned long events = 0;
	int rc = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			fprintf(stderr, "%s: %s\n", argv[1],
				parser.problem ? parser.problem : "parse error");
			rc = 1;
			break;
		}
		int end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		events++;
		if (end)
			break;
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	printf("%lu events\n", events);
	return rc;
}
