/**
 * The embedded name lists for `person-name.ts`: common first and last names in Germany,
 * Austria and Switzerland (the statistics offices' and Duden's frequent names, across
 * the generations that are customers today), and common international names of people
 * living there (Turkish, Polish, Russian, Balkan, Italian, Spanish, Portuguese, Greek,
 * Arabic, English). Compact on purpose (~1,400 names): a match is evidence, not proof, and
 * names that are also common German words (Weiß, Koch, Fuchs) stay in because they are
 * names far more often in a name column than anywhere else.
 *
 * Written without umlaut transliterations; `person-name.ts` folds ä/ae, ö/oe, ü/ue, ß/ss.
 */

export const FIRST_NAMES_TEXT = `
Aaron Adam Adrian Ahmed Ahmet Alan Albert Albin Alessandro Alexander Alexandra Alexei Alfons
Alfred Ali Alice Alina Aline Alma Alois Amelie Amir Ana Anastasia Andre Andrea Andreas Andrej
Andrzej Angela Angelika Anja Anke Ann Anna Anne Annemarie Annette Annika Anton Antonia Antonio
Arnold Arthur Aurelia Axel Aylin Ayse Barbara Bastian Beate Ben Benedikt Benjamin Bernd Bernhard
Bertram Bettina Bianca Birgit Bjoern Bogdan Boris Brigitte Bruno Burak Carina Carl Carla Carlo
Carlos Carmen Carolin Caroline Charlotte Chiara Christa Christian Christiane Christina Christine
Christoph Christopher Clara Claudia Claus Conrad Constanze Cornelia Cornelius Dagmar Damian Daniel
Daniela Dario David Davide Deniz Denis Dennis Detlef Diana Diego Dieter Dietmar Dietrich Dirk
Dominik Dora Doris Dorothea Dragan Dunja Edith Eduard Egon Elena Elfriede Elias Elif Elisa
Elisabeth Elke Ella Ellen Elmar Emil Emilia Emily Emir Emma Emre Erich Erik Erika Ernst Erwin
Esther Eva Evelyn Ewa Fabian Fabienne Fatima Fatma Felix Ferdinand Filip Finn Florian Francesca
Frank Franz Franziska Frederik Frieda Friedrich Fritz Gabriele Georg Gerd Gerda Gerhard Gertrud
Gisela Giulia Giuseppe Gottfried Greta Gregor Gudrun Guenter Guenther Gustav Hakan Hanna Hannah
Hannelore Hannes Hans Harald Hartmut Hasan Heidi Heike Heinrich Heinz Helena Helene Helga Helmut
Hendrik Henning Henri Henrik Henry Herbert Hermann Hildegard Holger Horst Hubert Hugo Hussein
Ibrahim Ida Igor Ilse Ines Ingeborg Ingo Ingrid Irene Iris Irina Irmgard Isabel Isabell
Isabella Ivan Ivana Jakob Jan Jana Janina Janine Jannik Jasmin Jens Jessica Joachim Johann
Johanna Johannes Jonas Jonathan Jose Josef Josefine Joseph Josip Julia Julian Juliane Julius
Juergen Jutta Kai Karin Karl Karla Karolina Karsten Katarina Katharina Kathrin Katja Katrin
Kerstin Kevin Kilian Klara Klaus Konrad Konstantin Kristina Lara Larissa Laura Lea Leah Lena
Leni Leo Leon Leonard Leonie Leopold Lina Linda Lisa Lorenz Lotte Louis Luca Lucas Lucia Ludwig
Luis Luisa Luise Luka Lukas Lutz Magdalena Maja Malte Mandy Manfred Manuel Manuela Marcel Marco
Marcus Margarete Margit Maria Marianne Marie Mario Marion Marius Mark Marko Markus Marlene Marta
Martha Martin Martina Mateusz Mathias Matteo Matthias Max Maximilian Mehmet Melanie Melissa Merve
Mia Michael Michaela Michal Michelle Mila Milan Milena Mira Miriam Mohamed Mohammed Monika
Moritz Murat Mustafa Nadine Nadja Natalia Natalie Nicolas Nicole Niklas Nikola Nikolai Nikolaus
Nils Nina Noah Nora Norbert Olaf Olga Oliver Olivia Oskar Otto Pascal Patricia Patrick Paul
Paula Pauline Peter Petra Philipp Pia Piotr Rainer Ralf Ralph Ramona Rebecca Regina Reinhard
Reinhold Renate Rene Richard Rita Robert Robin Roland Rolf Roman Ronja Rosa Rosemarie Ruediger
Rudolf Ruth Sabine Sabrina Sandra Sara Sarah Sascha Sebastian Selin Sergej Silke Simon Simone
Sofia Sonja Sophia Sophie Stefan Stefanie Steffen Stephan Susanne Svenja Sven Swen Sylvia
Tamara Tanja Theo Theresa Thomas Thorsten Tilo Tim Timo Tina Tobias Tom Tomasz Torsten Ulla
Ulrich Ulrike Ursula Ute Uwe Valentin Valentina Vanessa Vera Veronika Victoria Viktor Viktoria
Vincent Volker Walter Waltraud Werner Wilhelm Willi Wolfgang Yannick Yasemin Yusuf Zeynep Zoe
Agnieszka Aleksandra Ayla Anil Baris Berat Cem Dilara Ebru Ece Efe Emine Esra Gizem Hatice
Kemal Leyla Mert Oguz Ozan Serkan Sibel Tuba Volkan Yilmaz Dimitrios Giorgos Konstantinos
Eleni Sofija Stjepan Milica Nikolina Jovana Marija Ana Goran Zoran Nenad Dejan Vesna Snezana
Katarzyna Magdalena Malgorzata Pawel Krzysztof Grzegorz Marek Wojciech Dmitri Sergei Tatjana
Svetlana Natascha Oksana Olena Yulia Andrii Oleksandr Francesco Lorenzo Alessia Federica Marta
Giovanni Pietro Roberto Luigi Fernando Miguel Javier Pablo Sofia Lucia Ines Rui Joao Pedro
Mariana Beatriz Youssef Omar Karim Khaled Samir Layla Yasmin Amina Nour Rami Tariq John James
William George Charles Edward Oliver Harry Jack Emily Olivia Jessica Sarah Kate Michelle Steven
Brian Kevin Jennifer Linda Susan Karen Nancy Betty Helen Sandra Donna Ashley Kimberly Amanda
Ruth Sharon Laura Rachel Nicole Anna Zoe Chloe Ethan Liam Mason Noah Lucy Grace Hugo Louis
Gabriel Raphael Arthur Jules Manon Camille Juliette Elodie Mathilde Margot Urs Beat Reto Ueli
Marcel Res Fritz Heidi Vreni Regula Barbara Mirjam Corinne Seraina Gian Flurin Ladina Livio
Nino Noemi Jana Sepp Franzl Resi Gerti Hansi Wastl Toni Loisl Leni Vroni Kathi Rosi Anderl
Ida Ilse Ina Jaqueline Jacqueline Kim Lilly Lilli Luna Mats Merle Mika Nele Ole Paulina Romy
Samuel Sina Smilla Stella Theodor Tilda Till Tjark Vivien Wiebke Yara Zara Carsten Dennis
Erna Frida Gundula Gunter Gunther Hanne Hanno Heino Heiko Helmuth Henner Ilona Irmtraud Jochen
Jost Kurt Lothar Manfred Meike Mechthild Norbert Olav Otmar Ottmar Raimund Rosemarie Siegfried
Sigrid Silvia Traudl Udo Uta Veit Wilfried Winfried Wolf Wolfram Edeltraud Elfi Gabi Hilde
Annegret Marlies Marliese Ortrud Roswitha Rotraut Hiltrud Liselotte Lieselotte Renate Karl-Heinz
Hans-Peter Hans-Juergen Klaus-Dieter Karl-Heinz Hans-Joachim Anna-Lena Marie-Luise Anne-Marie
`;

export const LAST_NAMES_TEXT = `
Mueller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schaefer Koch Bauer
Richter Klein Wolf Schroeder Neumann Schwarz Zimmermann Braun Krueger Hofmann Hartmann Lange
Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Koehler Herrmann Koenig Walter
Mayer Huber Kaiser Fuchs Peters Lang Scholz Moeller Weiss Jung Hahn Schubert Vogel Friedrich
Keller Guenther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon
Ludwig Boehm Winter Kraus Martin Schumacher Kraemer Vogt Stein Jaeger Otto Sommer Gross Seidel
Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kuehn Pohl Engel Horn Busch
Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Ernst Krug Hummel Kuhlmann Lindner Marx
Fiedler Hermann Jansen Kaufmann Kirchner Kuhlmann Langer Lenz Lutz Mertens Michel Nowak Paul
Petersen Pietsch Reuter Ritter Sander Schlegel Schmitz Schuh Seifert Stark Stolz Thiel Ullrich
Voss Wagener Walther Weidner Wendt Wenzel Wilhelm Witt Wolter Wuensche Zander Zeller Ziegler
Adler Ahrens Albers Alt Amann Arndt Auer Bach Bachmann Bader Barth Bartsch Bauer Baum Baur
Beckmann Behrens Bender Berg Bernhardt Beyer Bischoff Blum Bock Bode Brand Braun Brenner Brinkmann
Bruns Buchholz Buck Burger Busse Christ Conrad Decker Dietz Dittrich Dorn Eberhardt Ebert Eckert
Egger Ehlers Eichhorn Engelhardt Erdmann Falk Feldmann Fink Fischer Forster Franz Freitag Frey
Fritz Funk Gaertner Geiger Gerber Gerlach Goebel Goetz Gruber Haase Hagen Hansen Harms Hauser
Heinz Heller Henning Hentschel Hertel Hess Hildebrandt Hinz Hirsch Hoefer Hoffmann Hofer Hoppe
Horn Huebner Jahn Jakob Janssen John Jost Kaiser Karl Kern Kessler Kiefer Kirsch Klaus Klose
Knoll Koch Koester Kolb Konrad Kopp Kramer Kraft Kranz Krebs Kroll Kunz Lambert Lange Lechner
Lehner Lindemann Link Loeffler Lohmann Ludwig Maurer May Meissner Menzel Merkel Metz Meyer Mohr
Moser Nagel Naumann Neubauer Neuhaus Nickel Noack Oswald Pape Peter Pfeifer Pichler Plank Popp
Preuss Probst Rau Rausch Reich Reichert Reimann Reinhardt Renner Rieger Ries Ritter Roeder Rose
Rosenberger Rudolph Ruf Sachs Schade Scherer Schilling Schindler Schlueter Schmid Schoen Schott
Schrader Schreiner Schuetz Schwab Schweizer Seidel Siebert Singer Sommer Specht Stahl Steiner
Steinbach Stephan Strauss Sturm Thiele Timm Ulrich Unger Vetter Vogl Voigt Wagner Wahl Weigel
Weis Weise Wendel Wiedemann Wiegand Wild Will Winkler Wirth Witte Wolff Wurm Zimmer Zoller
Gruber Huber Bauer Wagner Pichler Steiner Moser Mayer Hofer Leitner Berger Fuchs Eder Fischer
Schmid Winkler Weber Schwarz Maier Schneider Reiter Mayr Schmidt Wimmer Egger Brunner Lang
Baumgartner Auer Binder Lechner Wolf Wallner Aigner Ebner Koller Lehner Haas Schuster Holzer
Haider Lackner Strasser Zach Riegler Hofbauer Stadler Kogler Sommer Resch Grabner Rainer
Muller Meier Schmid Keller Weber Huber Schneider Meyer Steiner Fischer Gerber Brunner Baumann
Frei Zimmermann Moser Widmer Wyss Graf Roth Suter Baumgartner Bachmann Studer Kaufmann Bucher
Berger Hofmann Kunz Marti Buehler Luethi Ammann Zbinden Wenger Hess Egli Schaer Blaser Gasser
Kaelin Rentsch Hug Mueller-Luedenscheidt Yilmaz Kaya Demir Sahin Celik Yildiz Yildirim Ozturk
Aydin Ozdemir Arslan Dogan Kilic Aslan Cetin Kara Koc Kurt Ozkan Simsek Polat Korkmaz Erdogan
Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski Szymanski Wozniak
Dabrowski Kozlowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski
Pawlowski Michalski Nowicki Adamczyk Dudek Zajac Wieczorek Jablonski Krol Majewski Olszewski
Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov Morozov Volkov
Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev Orlov Andreev Makarov Nikitin
Horvat Kovacevic Babic Maric Juric Novak Kovacic Knezevic Vukovic Markovic Petrovic Jovanovic
Nikolic Ilic Djordjevic Stojanovic Popovic Pavlovic Hodzic Hadzic Begic Delic Mehmedovic
Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti
DeLuca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi
Garcia Fernandez Gonzalez Rodriguez Lopez Martinez Sanchez Perez Gomez Martin Jimenez Ruiz
Hernandez Diaz Moreno Alvarez Romero Silva Santos Ferreira Pereira Oliveira Costa Rodrigues
Martins Jesus Sousa Fernandes Goncalves Gomes Lopes Marques Alves Almeida Ribeiro Pinto Carvalho
Papadopoulos Georgiou Nikolaidis Christodoulou Papadakis Dimitriou Ioannou Konstantinou
Hassan Hussein Ahmad Mohammad Ali Khalil Haddad Ibrahim Mansour Saleh Nasser Aziz Rahman Khan
Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Jackson White
Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill
Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Murphy
Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson
Brooks Bennett Gray James Hughes Price Sanders Myers Long Ross Foster Dubois Durand Lefebvre
Leroy Moreau Laurent Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Faure Andre
Mercier Blanc Guerin Boyer Garnier Chevalier Francois Legrand Gauthier Perrin Robin Clement
Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire
DeJong Jansen DeVries VanDijk Bakker Janssen Visser Smit Meijer DeBoer Mulder DeGroot Bos Vos
Peters Hendriks VanLeeuwen Dekker Brouwer DeWit Dijkstra Smits DeGraaf VanderMeer Kok Jacobs
Hansen Johansen Olsen Larsen Andersen Pedersen Nielsen Kristiansen Jensen Karlsen Johansson
Andersson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Lindberg
Ackermann Baecker Bartels Bauernfeind Behrendt Bertram Blank Block Boettcher Bohn Boldt Born
Brauer Breuer Buchner Burkhardt Claus Dahl Dahm Damm Diehl Dietze Doering Drews Ebel Eggert
Eichler Ende Fahrenholz Feld Fleischer Frenzel Friese Fromm Fuhrmann Gehrke Geissler Glaser
Goetze Gottschalk Greiner Grimm Gross Grote Haag Hahn Hammer Hanke Hartwig Hauck Haupt Heck
Hecht Heil Heise Held Hensel Herold Herzog Heuer Hinrichs Hoeft Hoelscher Hofmeister Holz
Hoyer Huth Jacob Jacobs Jaeckel Janke Jordan Jung Junge Just Kahl Kamp Kemper Kiel Kirchhoff
Klemm Klinger Knapp Knorr Koenig Koepke Kohl Kolbe Kopf Korn Krah Kranz Kremer Kretschmer
Kuehne Kuester Kurz Lamprecht Laux Lemke Lenz Liebig Lindner Lux Maas Mack Mahler Mai Mann
Marquardt Matthes Meister Melzer Mende Messner Mielke Moll Mueller Nolte Oertel Ott Pabst
Paulus Pfaff Pfeil Philipp Pohl Prinz Raab Rabe Rath Rehm Reuter Richter Riedel Ringel Rohde
Rupp Saalfeld Seeger Seitz Sieber Siegel Sievers Sonntag Spies Stahl Stange Staudt Stoll Storm
Strobel Stumpf Teichmann Tietz Trautmann Uhl Ulbrich Vollmer Wachter Wagenknecht Weiland Weimer
Welsch Wegner Wendler Westphal Wiese Wilke Wille Winter Wirtz Wittmann Wolters Zahn Zeh Zorn
`;
